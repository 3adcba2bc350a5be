/** Every page is its own chunk: the marketplace loads only what it needs. */
import { createBrowserRouter, type RouteObject } from "react-router";
import { Loading } from "../ui/Skeleton";
import { DEV_TOOLS } from "./devTools";
import { Layout } from "./Layout";
import { RouteError } from "./RouteError";

const page = (load: () => Promise<{ default: React.ComponentType }>) => async () => ({
  Component: (await load()).default,
});

const pages: RouteObject[] = [
  { index: true, lazy: page(() => import("../pages/marketplace/MarketplacePage")) },
  { path: "properties/:id", lazy: page(() => import("../pages/property/PropertyPage")) },
  { path: "properties/:id/invest", lazy: page(() => import("../pages/invest/InvestPage")) },
  { path: "portfolio", lazy: page(() => import("../pages/portfolio/PortfolioPage")) },
  { path: "market", lazy: page(() => import("../pages/market/MarketPage")) },
  { path: "kyc", lazy: page(() => import("../pages/kyc/KycPage")) },
  { path: "manage/*", lazy: page(() => import("../pages/manage/ManagePage")) },
  { path: "admin/*", lazy: page(() => import("../pages/admin/AdminPage")) },
  { path: "notifications", lazy: page(() => import("../pages/notifications/InboxPage")) },
  { path: "settings/notifications", lazy: page(() => import("../pages/notifications/NotificationSettingsPage")) },
  // The link of the address verification email (backend notifications/delivery/worker.ts) lands here.
  { path: "settings/email/verify", lazy: page(() => import("../pages/notifications/VerifyEmailPage")) },
  // Each notification email's "stop emails of this kind" link lands here (no sign-in needed).
  { path: "settings/email/unsubscribe", lazy: page(() => import("../pages/notifications/UnsubscribePage")) },
  ...(DEV_TOOLS ? [{ path: "dev/mail", lazy: page(() => import("../pages/dev/DevMailPage")) }] : []),
  { path: "*", lazy: page(() => import("../pages/NotFoundPage")) },
];

function PageLoading() {
  return <Loading label="Loading page" />;
}

export const routes: RouteObject[] = [
  {
    element: <Layout />,
    errorElement: <RouteError />,
    children: [
      // The first load waits for its page's chunk: the header is painted and the page area says so. Without a
      // fallback React Router paints nothing there and warns in the console.
      { HydrateFallback: PageLoading, children: pages },
    ],
  },
];

export const createRouter = () => createBrowserRouter(routes);
