import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { UsingAiProvider } from '@using-ai/react';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { client } from './client';
import './styles.css';

const queryClient = new QueryClient({
  defaultOptions: { queries: { refetchOnWindowFocus: false } },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <UsingAiProvider client={client}>
        <App />
      </UsingAiProvider>
    </QueryClientProvider>
  </StrictMode>,
);
