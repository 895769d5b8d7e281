import { describe, expect, it } from 'vitest'
import { ApiError, toErrorBody } from '../api/client'
import { inputFieldErrors } from './fieldErrors'

describe('field errors of a job', () => {
  it('takes one message per input field, nested lists included', () => {
    const error = new ApiError(400, toErrorBody(400, { error: {
      code: 'invalid', message: 'input: brief: This field is required.',
      fields: { input: { brief: ['This field is required.'], prompts: { 0: ['Ensure this field has no more than 4000 characters.'] } } },
    } }))
    expect(inputFieldErrors(error)).toEqual({
      brief: 'This field is required.',
      prompts: 'Ensure this field has no more than 4000 characters.',
    })
  })

  it('has none for other errors', () => {
    expect(inputFieldErrors(new ApiError(402, toErrorBody(402, { error: { code: 'insufficient_credits', message: 'x' } })))).toEqual({})
    expect(inputFieldErrors(new TypeError('offline'))).toEqual({})
  })
})
