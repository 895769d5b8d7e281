import { Link } from 'react-router'
import { useAIModels } from '../../api/catalog'
import { ApiError } from '../../api/client'
import type { JobEstimate } from '../../api/jobs'
import { useCanManageAccount } from '../../components/ManagersOnly'
import { creditFixes, estimateSentence, type Fix } from '../../lib/costs'
import { describeError } from '../../lib/errors'
import { buildImageQualityOptions } from '../../lib/imageOptions'

interface EstimateProps {
  estimate: JobEstimate | undefined
  error: unknown
  pending: boolean
  /** The estimate's error is being said by Start's (the error line or a field): not said twice. */
  saidElsewhere?: boolean
}

/** The cost before Start, in one sentence, announced politely as the form changes. */
export function CostEstimate({ estimate, error, pending, saidElsewhere = false }: EstimateProps) {
  let text = pending ? '' : 'Fill in the form to see what it costs.'
  let tone = 'muted'
  if (saidElsewhere) {
    text = ''
  } else if (error instanceof ApiError && (error.status === 503 || error.status === 400)) {
    // "Premium images are unavailable right now. …", or what in the form needs fixing first
    text = describeError(error)
    tone = 'warn'
  } else if (estimate) {
    text = `Cost: ${estimateSentence(estimate)}`
    if (!estimate.enough) tone = 'warn'
  }
  return <p className={`estimate ${tone}`} aria-live="polite" data-testid="estimate">{text}</p>
}

const SETTINGS_PAGE: Record<string, string> = { tier: '/settings/images', settings: '/settings/ai' }

/** What would make a job fit the credits: fewer items, a cheaper tier or model, or a top-up. */
export function CreditFixes({ needed, available, estimate, modelType, onFewer }: {
  needed: number
  available: number
  estimate: JobEstimate | undefined
  modelType: string
  onFewer: (count: number) => void
}) {
  const models = useAIModels()
  const canManage = useCanManageAccount() === true
  const tiers = buildImageQualityOptions(models.data?.image_models ?? [])
  const fixes = creditFixes({ needed, available, estimate, tiers, modelType, canManage })
  const action = (fix: Fix) => {
    if (fix.kind === 'fewer' && fix.count) {
      return <button type="button" className="secondary" onClick={() => onFewer(fix.count!)}>Keep the first {fix.count}</button>
    }
    const page = SETTINGS_PAGE[fix.kind]
    return page && canManage ? <Link to={page}>Open {page === '/settings/images' ? 'Settings → Images' : 'Settings → AI'}</Link> : null
  }
  return (
    <div className="fixes" data-testid="credit-fixes">
      <p><strong>To make it fit:</strong></p>
      <ul>
        {fixes.map((fix) => <li key={fix.kind}>{fix.text} {action(fix)}</li>)}
      </ul>
    </div>
  )
}
