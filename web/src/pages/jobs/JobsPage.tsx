import { useState } from 'react'
import { useFunctions, useJob } from '../../api/jobs'
import { ErrorNote, Loading } from '../../components/ErrorNote'
import { JobForm } from './JobForm'
import { JobResult } from './JobResult'
import { JobHistory } from './RecentJobs'

export function JobsPage() {
  const functions = useFunctions()
  const [jobId, setJobId] = useState<string | null>(null)
  const job = useJob(jobId)
  if (functions.isPending) return <Loading />
  if (functions.isError) return <ErrorNote error={functions.error} />
  const label = (name: string) => functions.data.find((f) => f.name === name)?.label
  return (
    <section>
      <h1>Jobs</h1>
      <JobForm functions={functions.data} onStarted={(j) => setJobId(j.id)} />
      {job.data && <JobResult job={job.data} title={label(job.data.function)} link />}
      <h2>History</h2>
      <JobHistory />
    </section>
  )
}
