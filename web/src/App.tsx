import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { createBrowserRouter, Navigate, RouterProvider, type RouteObject } from 'react-router'
import { meKey } from './api/auth'
import { ApiError } from './api/client'
import { Layout } from './components/Layout'
import { RequireAuth, RequireStaff } from './components/Guards'
import { JobDetailPage } from './pages/jobs/JobDetailPage'
import { JobsPage } from './pages/jobs/JobsPage'
import { LoginPage } from './pages/LoginPage'
import { NotFoundPage } from './pages/NotFoundPage'
import { PreferencesPage } from './pages/PreferencesPage'
import { SettingsAIPage } from './pages/settings/SettingsAIPage'
import { SettingsImagesPage } from './pages/settings/SettingsImagesPage'
import { IntegrationsPage } from './pages/staff/IntegrationsPage'
import { ModelsPage } from './pages/staff/ModelsPage'
import { CreditsPage } from './pages/staff/CreditsPage'
import { RevenuePage } from './pages/staff/RevenuePage'
import { StaffTokensPage } from './pages/staff/StaffTokensPage'
import { TokensPage } from './pages/tokens/TokensPage'
import { UsagePage } from './pages/usage/UsagePage'

export const routes: RouteObject[] = [
  { path: '/login', element: <LoginPage /> },
  {
    element: <RequireAuth><Layout /></RequireAuth>,
    children: [
      { index: true, element: <Navigate to="/usage" replace /> },
      { path: 'usage', element: <UsagePage /> },
      { path: 'jobs', element: <JobsPage /> },
      { path: 'jobs/:jobId', element: <JobDetailPage /> },
      { path: 'settings/ai', element: <SettingsAIPage /> },
      { path: 'settings/images', element: <SettingsImagesPage /> },
      { path: 'preferences', element: <PreferencesPage /> },
      { path: 'staff/integrations', element: <RequireStaff><IntegrationsPage /></RequireStaff> },
      { path: 'staff/models', element: <RequireStaff><ModelsPage /></RequireStaff> },
      { path: 'staff/revenue', element: <RequireStaff><RevenuePage /></RequireStaff> },
      { path: 'staff/credits', element: <RequireStaff><CreditsPage /></RequireStaff> },
      { path: 'staff/tokens', element: <RequireStaff><StaffTokensPage /></RequireStaff> },
      { path: 'tokens', element: <TokensPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]

export function makeQueryClient() {
  // A 401 anywhere means the session has ended: forget who was signed in, so the guard
  // sends the person to the login page instead of leaving an error on screen.
  const signedOut = (error: unknown) => {
    if (error instanceof ApiError && error.status === 401) client.setQueryData(meKey, null)
  }
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError: signedOut }),
    mutationCache: new MutationCache({ onError: signedOut }),
    defaultOptions: {
      queries: {
        // A 4xx will not change on retry; a network blip might.
        retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
        refetchOnWindowFocus: false,
      },
    },
  })
  return client
}

const queryClient = makeQueryClient()
const router = createBrowserRouter(routes, { basename: import.meta.env.BASE_URL.replace(/\/$/, '') })

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  )
}
