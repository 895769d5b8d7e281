import { useAIModels } from '../../api/catalog'
import { ErrorNote, Loading } from '../../components/ErrorNote'
import { TokenManager, type ModelChoice } from './TokenManager'

/** A member's own API tokens, in the account they act in. */
export function TokensPage() {
  const catalog = useAIModels()
  const models: ModelChoice[] = catalog.data
    ? [...catalog.data.text_models, ...catalog.data.image_models].map((m) => ({ name: m.model_name, label: `${m.display_name} (${m.model_name})` }))
    : []
  return (
    <section>
      <h1>API tokens</h1>
      <p className="muted">
        Tokens let your programs use modelbank (for example through the OpenAI-compatible <code>/v1</code> API) and are
        charged to this account. Each token can be limited to some models; revoke one you no longer use.
      </p>
      {catalog.isPending ? <Loading /> : catalog.isError ? <ErrorNote error={catalog.error} /> : (
        <TokenManager scope={{ kind: 'mine' }} models={models} />
      )}
    </section>
  )
}
