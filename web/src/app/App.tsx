import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState } from "react";
import { RouterProvider } from "react-router";
import { WagmiProvider } from "wagmi";
import { ApiProvider } from "../api/ApiContext";
import { ApiError } from "../api/client";
import type { AppConfig } from "../config/config";
import { createWagmiConfig } from "../wallet/wagmi";
import { AppConfigProvider } from "./AppConfigContext";
import { createRouter } from "./routes";

function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        // A refusal (4xx) will not change on retry; a network blip might.
        retry: (count, error) => count < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
        refetchOnWindowFocus: false,
      },
    },
  });
}

export function App({ config }: { config: AppConfig }) {
  const [wagmiConfig] = useState(() => createWagmiConfig(config));
  const [queryClient] = useState(createQueryClient);
  const [router] = useState(createRouter);
  return (
    <AppConfigProvider config={config}>
      <WagmiProvider config={wagmiConfig}>
        <QueryClientProvider client={queryClient}>
          <ApiProvider baseUrl={config.apiBaseUrl}>
            <RouterProvider router={router} />
          </ApiProvider>
        </QueryClientProvider>
      </WagmiProvider>
    </AppConfigProvider>
  );
}
