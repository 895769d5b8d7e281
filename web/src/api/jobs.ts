import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import { api } from './client'
import type { FunctionSpec, Job, JobPage, JobStatus } from './types'

export type { Job, JobStatus } from './types'

/** One generated image in a job's result (the result is JSON whose shape the function decides). */
export interface JobImage {
  prompt: string
  url: string | null
  b64_json: string | null
  revised_prompt: string | null
}

export const isFinished = (status: JobStatus | undefined) => status === 'succeeded' || status === 'failed'

export function useJobs(page: number, pageSize: number) {
  return useQuery({
    queryKey: ['jobs', page, pageSize],
    queryFn: () => api.get<JobPage>(`ai/jobs/?page=${page}&page_size=${pageSize}`),
  })
}

/** One job, polled every second until it has finished; then the lists and the balance refresh. */
export function useJob(id: string | null) {
  const client = useQueryClient()
  const query = useQuery({
    queryKey: ['job', id],
    enabled: Boolean(id),
    queryFn: () => api.get<Job>(`ai/jobs/${id}/`),
    refetchInterval: (q) => (isFinished(q.state.data?.status) ? false : 1000),
  })
  const status = query.data?.status
  useEffect(() => {
    if (!status) return
    client.invalidateQueries({ queryKey: ['jobs'] })
    if (isFinished(status)) client.invalidateQueries({ queryKey: ['billing'] })
  }, [status, client])
  return query
}

export function useStartJob() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: { function: string; input: Record<string, unknown> }) => api.post<Job>('ai/jobs/', body),
    onSuccess: (job) => {
      client.setQueryData(['job', job.id], job)
      client.invalidateQueries({ queryKey: ['jobs'] })
    },
  })
}

/** The AI functions a job can run, with their input forms (the server's list). */
export function useFunctions() {
  return useQuery({ queryKey: ['ai-functions'], queryFn: () => api.get<FunctionSpec[]>('ai/functions/'), staleTime: Infinity })
}
