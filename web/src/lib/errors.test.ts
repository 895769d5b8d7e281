import { describe, expect, it } from 'vitest'
import { ApiError, toErrorBody } from '../api/client'
import { describeError, insufficientCreditsMessage } from './errors'

describe('the 402 message', () => {
  it('says what is needed and what the account has', () => {
    const error = new ApiError(402, toErrorBody(402, {
      error: { code: 'insufficient_credits', message: 'This job needs 15 credits to start and the account has 4 available.', needed: 15, available: 4 },
    }))
    expect(describeError(error)).toBe('Not enough credits: this needs 15, you have 4.')
  })

  it('is used for a job that failed for want of credits too', () => {
    expect(insufficientCreditsMessage({ code: 'insufficient_credits', needed: 1, available: 0 }))
      .toBe('Not enough credits: this needs 1, you have 0.')
    expect(insufficientCreditsMessage({ code: 'rate_limited' })).toBeNull()
  })

  it("falls back to the server's message for other errors", () => {
    const error = new ApiError(400, toErrorBody(400, { error: { code: 'invalid_setting', message: 'image_size: bad size.' } }))
    expect(describeError(error)).toBe('image_size: bad size.')
    expect(describeError(new ApiError(500, toErrorBody(500, null)))).toBe('The server answered 500.')
    expect(describeError(new TypeError('Failed to fetch'))).toMatch(/could not be reached/)
  })
})
