import { useState, type FormEvent } from 'react'
import { useFunctions, useJob, useStartJob } from '../../api/jobs'
import { ErrorNote, Loading } from '../../components/ErrorNote'
import { buildInput, type FieldSpec } from './functions'
import { JobResult } from './JobResult'
import { RecentJobs } from './RecentJobs'

function Field({ field, value, onChange }: { field: FieldSpec; value: string; onChange: (v: string) => void }) {
  const common = {
    name: field.name, value, required: field.required, title: field.help_text || undefined,
    onChange: (e: { target: { value: string } }) => onChange(e.target.value),
  }
  return (
    <label>
      {field.label}
      {field.kind === 'textarea' || field.kind === 'lines'
        ? <textarea rows={field.kind === 'lines' ? 4 : 6} {...common} />
        : <input type={field.kind === 'number' ? 'number' : 'text'} {...common} />}
    </label>
  )
}

export function JobsPage() {
  const functions = useFunctions()
  const [fnName, setFnName] = useState('')
  const [values, setValues] = useState<Record<string, string>>({})
  const [jobId, setJobId] = useState<string | null>(null)
  const start = useStartJob()
  const job = useJob(jobId)
  if (functions.isPending) return <Loading />
  if (functions.isError) return <ErrorNote error={functions.error} />
  const spec = functions.data.find((f) => f.name === fnName) ?? functions.data[0]

  const submit = (event: FormEvent) => {
    event.preventDefault()
    start.mutate({ function: spec.name, input: buildInput(spec, values) }, { onSuccess: (j) => setJobId(j.id) })
  }

  return (
    <section>
      <h1>Jobs</h1>
      <form onSubmit={submit} className="card form">
        <label>
          What to do
          <select name="function" value={spec.name} onChange={(e) => { setFnName(e.target.value); setValues({}); start.reset() }}>
            {functions.data.map((f) => <option key={f.name} value={f.name}>{f.label}</option>)}
          </select>
        </label>
        {spec.fields.map((field) => (
          <Field key={field.name} field={field} value={values[field.name] ?? ''}
            onChange={(v) => setValues({ ...values, [field.name]: v })} />
        ))}
        <ErrorNote error={start.error} />
        <button type="submit" disabled={start.isPending}>{start.isPending ? 'Starting…' : 'Start job'}</button>
      </form>
      {job.data && <JobResult job={job.data} />}
      <h2>Recent jobs</h2>
      <RecentJobs />
    </section>
  )
}
