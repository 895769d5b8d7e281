import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { api } from './client'
import type { FunctionSpec, Job, JobEstimate, JobPage, JobStatus } from './types'

export type { Job, JobEstimate, JobStatus } from './types'

/** One generated image in a job's result (the result is JSON whose shape the function decides). */
export interface JobImage {
  prompt: string
  url: string | null
  b64_json: string | null
  revised_prompt: string | null
}

export const isFinished = (status: JobStatus | undefined) => status === 'succeeded' || status === 'failed'

/** The history's filters, as the API's query parameters (empty ones are left out). */
export interface JobFilters {
  function?: string
  status?: string
  since?: string
  until?: string
}

export function jobsQuery(page: number, pageSize: number, filters: JobFilters = {}): string {
  const params = new URLSearchParams({ page: String(page), page_size: String(pageSize) })
  for (const [name, value] of Object.entries(filters)) if (value) params.set(name, value)
  return `ai/jobs/?${params}`
}

const LIVE_MS = 2000

/** A page of the account's jobs. While one of them is queued or running the page is fetched
 *  again every two seconds, and the balance with it, so credits held and spent move as it runs. */
export function useJobs(page: number, pageSize: number, filters: JobFilters = {}) {
  const client = useQueryClient()
  const query = useQuery({
    queryKey: ['jobs', page, pageSize, filters],
    queryFn: () => api.get<JobPage>(jobsQuery(page, pageSize, filters)),
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (q.state.data?.results.some((j) => !isFinished(j.status)) ? LIVE_MS : false),
  })
  // A signature of what is still running: when it changes, a job has moved on and so has the ledger.
  const running = (query.data?.results ?? []).filter((j) => !isFinished(j.status)).map((j) => `${j.id}:${j.status}`).join()
  useEffect(() => {
    if (query.data) client.invalidateQueries({ queryKey: ['billing'] })
  }, [running, client]) // eslint-disable-line react-hooks/exhaustive-deps
  return query
}

/** One job, polled every second until it has finished; then the lists and the balance refresh. */
export function useJob(id: string | null | undefined) {
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
    client.invalidateQueries({ queryKey: ['billing'] })
  }, [status, client])
  return query
}

export interface JobRequest {
  function: string
  input: Record<string, unknown>
}

export function useStartJob() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: JobRequest) => api.post<Job>('ai/jobs/', body),
    onSuccess: (job) => {
      client.setQueryData(['job', job.id], job)
      client.invalidateQueries({ queryKey: ['jobs'] })
      client.invalidateQueries({ queryKey: ['billing'] })
    },
  })
}

/** A value that settles: it follows `value` once `value` has not changed for `ms`. */
export function useSettled<T>(value: T, ms = 400): T {
  const [settled, setSettled] = useState(value)
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms)
    return () => clearTimeout(timer)
  }, [value, ms])
  return settled
}

/** What the job in the form would hold if started now (nothing is queued or held). Asked again,
 *  after a pause in typing, whenever the form changes; null while the form is incomplete. */
export function useEstimate(body: JobRequest | null) {
  const key = useSettled(body ? JSON.stringify(body) : null)
  return useQuery({
    queryKey: ['job-estimate', key],
    enabled: key !== null,
    queryFn: () => api.post<JobEstimate>('ai/jobs/estimate/', JSON.parse(key!)),
    staleTime: 5_000,
    retry: false,
  })
}

/** The AI functions a job can run, with their input forms (the server's list). */
export function useFunctions() {
  return useQuery({ queryKey: ['ai-functions'], queryFn: () => api.get<FunctionSpec[]>('ai/functions/'), staleTime: Infinity })
}
