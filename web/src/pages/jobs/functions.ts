// The AI functions a job can run (modelbank.ai.functions) and how their inputs are typed in.

export interface FieldSpec {
  name: string
  label: string
  kind: 'text' | 'textarea' | 'lines' | 'csv' | 'number'
  required?: boolean
  placeholder?: string
}

export interface FunctionSpec {
  name: string
  label: string
  fields: FieldSpec[]
}

export const FUNCTIONS: FunctionSpec[] = [
  {
    name: 'generate_content',
    label: 'Write an article',
    fields: [
      { name: 'brief', label: 'Brief', kind: 'textarea', required: true },
      { name: 'keywords', label: 'Keywords (comma-separated)', kind: 'csv' },
      { name: 'title', label: 'Title', kind: 'text' },
      { name: 'word_count', label: 'Words', kind: 'number' },
    ],
  },
  {
    name: 'generate_image_prompts',
    label: 'Extract image prompts from an article',
    fields: [
      { name: 'article', label: 'Article', kind: 'textarea', required: true },
      { name: 'max_prompts', label: 'At most this many prompts', kind: 'number' },
    ],
  },
  {
    name: 'generate_images',
    label: 'Generate images',
    fields: [{ name: 'prompts', label: 'Prompts (one per line)', kind: 'lines', required: true }],
  },
  {
    name: 'auto_cluster',
    label: 'Cluster keywords',
    fields: [
      { name: 'keywords', label: 'Keywords (one per line)', kind: 'lines', required: true },
      { name: 'max_clusters', label: 'At most this many clusters', kind: 'number' },
    ],
  },
]

/** The form's strings as the API's input object; empty optional fields are left out. */
export function buildInput(spec: FunctionSpec, values: Record<string, string>): Record<string, unknown> {
  const input: Record<string, unknown> = {}
  for (const field of spec.fields) {
    const raw = (values[field.name] ?? '').trim()
    if (!raw) continue
    if (field.kind === 'number') input[field.name] = Number(raw)
    else if (field.kind === 'lines') input[field.name] = raw.split('\n').map((s) => s.trim()).filter(Boolean)
    else if (field.kind === 'csv') input[field.name] = raw.split(',').map((s) => s.trim()).filter(Boolean)
    else input[field.name] = raw
  }
  return input
}
