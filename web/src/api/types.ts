// Response shapes of modelbank's JSON API, as its serializers define them.

export interface Me {
  id: number
  username: string
  email: string
  is_staff: boolean
  account: { id: number; name: string } | null
  role: 'owner' | 'admin' | 'member' | null
}

export interface TextModel {
  /** Present once the ai-models API lists catalog ids; overrides are saved by id. */
  id?: number
  model_name: string
  display_name: string
  is_default: boolean
  tokens_per_credit: number
  max_output_tokens: number | null
  supports_json_mode: boolean
}

export type QualityTier = 'basic' | 'quality' | 'premium'

export interface ImageModel {
  id?: number
  model_name: string
  display_name: string
  quality_tier: QualityTier | null
  is_default: boolean
  credits_per_image: number
  valid_sizes: string[]
}

export interface ImageSettings {
  style: string
  max_in_article_images: number
  quality: string
}

export interface AIModels {
  text_models: TextModel[]
  image_models: ImageModel[]
  image_settings: ImageSettings
}

export interface Page<T> {
  count: number
  next: string | null
  previous: string | null
  results: T[]
}

export interface Provider {
  provider_id: string
  display_name: string
  provider_type: string
  is_active: boolean
  api_endpoint: string
  api_key_hint: string
  api_secret_hint?: string
  webhook_secret_hint?: string
}
