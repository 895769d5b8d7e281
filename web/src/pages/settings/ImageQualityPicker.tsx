import type { ImageQualityOption } from '../../lib/imageOptions'
import type { QualityTier } from '../../api/types'

interface Props {
  options: ImageQualityOption[]
  value: QualityTier | null
  onChange: (tier: QualityTier) => void
}

/** The quality choices: labels and credits only, never a provider or model name. */
export function ImageQualityPicker({ options, value, onChange }: Props) {
  return (
    <fieldset className="choices">
      <legend>Image quality</legend>
      {options.map((option) => (
        <label key={option.tier} className="choice">
          <input type="radio" name="quality_tier" value={option.tier} checked={value === option.tier}
            onChange={() => onChange(option.tier)} />
          {option.label}
          {option.isDefault && <span className="badge">default</span>}
        </label>
      ))}
    </fieldset>
  )
}
