// Response shapes of modelbank's JSON API, generated from its OpenAPI schema into schema.d.ts
// (`make web-types`; a test fails when the committed file is stale). Names here are the UI's.
import type { components } from './schema'

export type Schemas = components['schemas']

export type Me = Schemas['MeOutput']
export type TextModel = Schemas['TextModel']
export type QualityTier = Schemas['ImageModelQualityTierEnum']
export type ImageModel = Schemas['ImageModel']
export type ImageSettings = Schemas['ImageSettings']
export type AIModels = Schemas['AIModelsOutput']
export type Provider = Schemas['ProviderListOutput']
export type ModelSummary = Schemas['ModelSummary']
export type Balance = Schemas['BalanceOutput']
export type CreditTransaction = Schemas['TransactionListOutput']
export type TransactionPage = Schemas['PaginatedTransactionListOutputList']
/** One bar segment of the usage chart: credits used on a day with a model. */
export type UsageDay = Schemas['UsageSummaryOutput']
/** GET /api/v1/billing/limits/: one scope's budgets and rate limits (null: none), with what is used of each. */
export type UsageLimit = Schemas['MyLimitsOutput']
export type Job = Schemas['JobOutput']
export type JobStatus = Schemas['StatusEnum']
export type JobPage = Schemas['PaginatedJobOutputList']
export type FunctionSpec = Schemas['FunctionListOutput']
export type FieldSpec = Schemas['FunctionField']
export type UserSetting = Schemas['SettingOutput']
export type EffectiveConfig = Schemas['EffectiveConfigOutput']
/** GET /api/v1/system/models/ (staff): every catalog model with its prices, credits and margins. */
export type CatalogModel = Schemas['ModelCatalogOutput']
export type UnitEconomics = Schemas['Economics']
/** POST /api/v1/ai/jobs/estimate/: what a job would hold before it starts, and what the account has. */
export type JobEstimate = Schemas['JobEstimateOutput']
/** One account the signed-in person can act in (the account switcher). */
export type MeAccount = Schemas['MeMembershipOutput']
