import { Suspense, useState } from "react";
import { NavLink, Outlet } from "react-router";
import { Loading } from "../ui/Skeleton";
import { AccountMenu } from "../wallet/AccountMenu";
import { DEV_TOOLS } from "./devTools";
import { NotificationBell } from "./NotificationBell";
import { NetworkBanner } from "../wallet/NetworkBanner";
import { useSignedIn } from "../wallet/session";
import "./Layout.css";

function Logo() {
  return (
    <svg viewBox="0 0 32 32" aria-hidden="true">
      <rect width="32" height="32" rx="7" fill="#f3c677" />
      <path d="M8 16 16 9l8 7v8h-5v-5h-6v5H8z" fill="#0f3d3e" />
    </svg>
  );
}

export function Layout() {
  const { hasRole } = useSignedIn();
  // At phone width the links fold behind a Menu button; following a link folds them again.
  const [menuOpen, setMenuOpen] = useState(false);
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <div className="app-header__inner">
          <NavLink to="/" className="brand" aria-label="Freehold home">
            <Logo />
            Freehold
          </NavLink>
          <button
            type="button"
            className="nav-toggle"
            aria-expanded={menuOpen}
            aria-controls="main-nav"
            onClick={() => setMenuOpen((open) => !open)}
          >
            <span className="nav-toggle__bars" aria-hidden="true" />
            Menu
          </button>
          <nav
            id="main-nav"
            className="main-nav"
            aria-label="Main"
            data-open={menuOpen}
            onClick={(event) => {
              if ((event.target as HTMLElement).closest("a")) setMenuOpen(false);
            }}
          >
            <NavLink to="/" end>
              Marketplace
            </NavLink>
            <NavLink to="/portfolio">Portfolio</NavLink>
            <NavLink to="/market">Secondary market</NavLink>
            <NavLink to="/kyc">Verification</NavLink>
            {hasRole("PROPERTY_MANAGER") ? <NavLink to="/manage">Manage</NavLink> : null}
            {hasRole("ADMIN") || hasRole("COMPLIANCE_OFFICER") ? <NavLink to="/admin">Compliance</NavLink> : null}
          </nav>
          <NotificationBell />
          <AccountMenu />
        </div>
      </header>
      <NetworkBanner />
      <div id="session-notice" />
      <main id="main" className="app-main" tabIndex={-1}>
        <Suspense fallback={<Loading label="Loading page" />}>
          <Outlet />
        </Suspense>
      </main>
      <footer className="app-footer">
        <div className="app-footer__inner">
          <span>
            Freehold: regulated real-estate units on chain. Investing involves risk; past rent does not guarantee future
            rent.
          </span>
          <span>Your keys stay in your wallet.</span>
          {/* Development builds only; in the footer so the header's links fit one line for every role. */}
          {DEV_TOOLS ? (
            <span>
              Development build: <NavLink to="/dev/mail">Dev mail</NavLink> shows the email the backend sent.
            </span>
          ) : null}
        </div>
      </footer>
    </>
  );
}
