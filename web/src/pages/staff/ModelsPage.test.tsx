import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { fakeApi, json, renderPage, sent } from './fakeApi'
import { changesOf, draftOf } from './ModelEditor'
import { ModelsPage } from './ModelsPage'
import type { CatalogModel } from '../../api/staff'

const unit = (price: string, cost: string | null, margin: string | null, pct: string | null, below = false) => ({
  operation_type: 'image_generation', unit: 'image' as const, price_usd: price, cost_usd: cost, margin_usd: margin,
  margin_percent: pct, sells_below_cost: below,
})
const base = {
  provider: 'openai', is_default: false, quality_tier: null, input_token_rate: null, output_token_rate: null,
  cost_per_image: null, tokens_per_credit: null, credits_per_image: null, max_output_tokens: null, available_sizes: [],
  sort_order: 0, request_parameters: {}, fallback_models: [], economics: [],
}
const DALLE: CatalogModel = {
  ...base, id: 1, model_name: 'dall-e-3', display_name: 'DALL-E 3', model_type: 'image', is_active: true, is_default: true,
  quality_tier: 'quality', cost_per_image: '0.04000000', credits_per_image: 5, available_sizes: ['1024x1024'],
  request_parameters: { max_images_per_request: 1 }, economics: [unit('0.10000000', '0.04000000', '0.06000000', '60.00')],
}
const OLD = { ...base, id: 2, model_name: 'gpt-old', display_name: 'Old Text', model_type: 'text', is_active: false, tokens_per_credit: 1000 }
const RUNWARE = { ...DALLE, id: 3, model_name: 'runware:97@1', display_name: 'Basic', provider: 'runware', is_default: false,
  quality_tier: 'basic', cost_per_image: null, credits_per_image: 1, economics: [unit('0.02000000', null, null, null)] }

function setup(patch: (body: Record<string, unknown>) => Response | unknown = (body) => ({ ...DALLE, ...body })) {
  return fakeApi({
    'GET /api/v1/system/models/': () => [DALLE, OLD, RUNWARE],
    'POST /api/v1/system/models/1/economics/': (_url, init) => {
      const body = JSON.parse(String(init!.body))
      const price = (body.credits_per_image * 0.02).toFixed(8)
      const margin = (Number(price) - Number(body.cost_per_image)).toFixed(8)
      return [unit(price, body.cost_per_image, margin, '0.00', Number(margin) < 0)]
    },
    'PATCH /api/v1/system/models/1/': (_url, init) => patch(JSON.parse(String(init!.body))),
  })
}

afterEach(() => vi.unstubAllGlobals())

describe('Models page', () => {
  it('filters by words and type, and hides inactive models on request', async () => {
    setup()
    renderPage(<ModelsPage />)
    await screen.findByTestId('model-dall-e-3')
    expect(screen.getByRole('status')).toHaveTextContent('3 of 3 models')
    fireEvent.click(screen.getByLabelText('Active only'))
    expect(screen.queryByTestId('model-gpt-old')).not.toBeInTheDocument()
    fireEvent.change(screen.getByLabelText('Filter'), { target: { value: 'runware basic' } })
    expect(screen.getByRole('status')).toHaveTextContent('1 of 3 models')
    expect(screen.getByTestId('model-runware:97@1')).toBeInTheDocument()
    fireEvent.change(screen.getByLabelText('Filter'), { target: { value: '' } })
    fireEvent.change(screen.getByLabelText('Type'), { target: { value: 'text' } })
    expect(screen.getByRole('status')).toHaveTextContent('0 of 3 models')
  })

  it('says "no price" where the catalog has none', async () => {
    setup()
    renderPage(<ModelsPage />)
    const basic = await screen.findByTestId('model-runware:97@1')
    expect(basic).toHaveTextContent('no price')
    expect(screen.getByTestId('model-gpt-old')).toHaveTextContent('no price')
    expect(screen.getByTestId('model-dall-e-3')).toHaveTextContent('$0.04 / image')
  })

  it('shows the margin live while prices change, then saves only what changed', async () => {
    const fetchMock = setup()
    renderPage(<ModelsPage />)
    fireEvent.click(await screen.findByRole('button', { name: 'Edit DALL-E 3' }))
    const form = screen.getByRole('form', { name: 'Edit DALL-E 3' })
    expect(within(form).getByLabelText('Provider cost per image (USD)')).toHaveValue('0.04')
    fireEvent.change(within(form).getByLabelText('Credits per image'), { target: { value: '1' } })
    const preview = screen.getByTestId('margin-preview')
    await waitFor(() => expect(preview).toHaveTextContent('sells below cost'), { timeout: 2000 })
    expect(preview).toHaveTextContent('$0.02 per image − $0.04 cost = −$0.02')
    fireEvent.change(within(form).getByLabelText('Credits per image'), { target: { value: '6' } })
    fireEvent.change(within(form).getByLabelText('Sizes'), { target: { value: '1024x1024, 1792x1024' } })
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }))
    expect(await within(form).findByText('Saved.')).toBeInTheDocument()
    expect(sent(fetchMock, 'PATCH', '/api/v1/system/models/1/')).toEqual([
      { credits_per_image: 6, available_sizes: ['1024x1024', '1792x1024'] },
    ])
  })

  it("ties the server's field errors to their fields", async () => {
    setup(() => json({ error: { code: 'invalid', message: "available_sizes: '10x10' is not a size",
      fields: { available_sizes: ["'10x10' is not a size: write WIDTHxHEIGHT in pixels, e.g. 1024x1024."] } } }, 400))
    renderPage(<ModelsPage />)
    fireEvent.click(await screen.findByRole('button', { name: 'Edit DALL-E 3' }))
    const sizes = screen.getByLabelText('Sizes')
    fireEvent.change(sizes, { target: { value: '10x10' } })
    fireEvent.click(screen.getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(sizes).toHaveAttribute('aria-invalid', 'true'))
    const described = document.getElementById(sizes.getAttribute('aria-describedby')!.split(' ').pop()!)
    expect(described).toHaveTextContent("'10x10' is not a size")
  })

  it('checks prices and JSON before sending anything', async () => {
    const fetchMock = setup()
    renderPage(<ModelsPage />)
    fireEvent.click(await screen.findByRole('button', { name: 'Edit DALL-E 3' }))
    const cost = screen.getByLabelText('Provider cost per image (USD)')
    fireEvent.change(cost, { target: { value: '0,05' } })
    fireEvent.change(screen.getByLabelText('Request parameters (JSON)'), { target: { value: '{"max_images' } })
    fireEvent.click(screen.getByRole('button', { name: 'Save' }))
    expect(cost).toHaveAttribute('aria-invalid', 'true')
    expect(screen.getByLabelText('Request parameters (JSON)')).toHaveAttribute('aria-invalid', 'true')
    expect(sent(fetchMock, 'PATCH', '/api/v1/system/models/1/')).toEqual([])
  })
})

describe('changesOf', () => {
  it('sends nothing for an untouched draft, and null for a cleared price', () => {
    expect(changesOf(DALLE, draftOf(DALLE))).toEqual({ changes: {}, problems: {} })
    expect(changesOf(DALLE, { ...draftOf(DALLE), cost_per_image: ' ', quality_tier: '' }).changes).toEqual({
      cost_per_image: null, quality_tier: null,
    })
  })
})
