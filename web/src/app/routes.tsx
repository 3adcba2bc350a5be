/** Every page is its own chunk: the marketplace loads only what it needs. */
import { createBrowserRouter, type RouteObject } from "react-router";
import { Layout } from "./Layout";
import { RouteError } from "./RouteError";

const page = (load: () => Promise<{ default: React.ComponentType }>) => async () => ({
  Component: (await load()).default,
});

export const routes: RouteObject[] = [
  {
    element: <Layout />,
    errorElement: <RouteError />,
    children: [
      { index: true, lazy: page(() => import("../pages/marketplace/MarketplacePage")) },
      { path: "properties/:id", lazy: page(() => import("../pages/property/PropertyPage")) },
      { path: "properties/:id/invest", lazy: page(() => import("../pages/invest/InvestPage")) },
      { path: "portfolio", lazy: page(() => import("../pages/portfolio/PortfolioPage")) },
      { path: "market", lazy: page(() => import("../pages/market/MarketPage")) },
      { path: "kyc", lazy: page(() => import("../pages/kyc/KycPage")) },
      { path: "manage/*", lazy: page(() => import("../pages/manage/ManagePage")) },
      { path: "admin/*", lazy: page(() => import("../pages/admin/AdminPage")) },
      { path: "*", lazy: page(() => import("../pages/NotFoundPage")) },
    ],
  },
];

export const createRouter = () => createBrowserRouter(routes);
