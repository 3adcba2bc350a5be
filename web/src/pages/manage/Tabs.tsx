import { useRef, type KeyboardEvent, type ReactNode } from "react";
import { useSearchParams } from "react-router";
import { Alert } from "../../ui/Alert";

export interface TabDef<K extends string> {
  key: K;
  label: string;
  render: () => ReactNode;
}

/**
 * WAI-ARIA tabs whose selection is in the URL (`?tab=leases`), so a section can be linked, reloaded and reached with
 * Back. Arrow keys, Home and End move between tabs (roving tabindex, automatic activation); a missing `tab` shows the
 * first one. A link never silently shows another tab than it named: `landing` (the page's rule) may send a name to
 * another tab with a note saying why, and an unknown name shows the first tab with a note. The URL keeps what the link
 * asked (a reload says the same), until a tab is chosen.
 */
export function Tabs<K extends string>({
  label,
  tabs,
  idPrefix,
  landing,
}: {
  label: string;
  tabs: TabDef<K>[];
  idPrefix: string;
  landing?: ((asked: string) => { key: K; note: ReactNode } | undefined) | undefined;
}) {
  const [params, setParams] = useSearchParams();
  const refs = useRef(new Map<K, HTMLButtonElement>());
  const asked = params.get("tab") || null;
  const ruled = asked === null ? undefined : landing?.(asked);
  const named = tabs.find((t) => t.key === (ruled?.key ?? asked));
  const selected = named ?? tabs[0]!;
  const note =
    ruled?.note ??
    (asked !== null && !named ? `There is no section “${asked}” here. Showing ${selected.label} instead.` : undefined);
  const select = (key: K, focus = false) => {
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        next.set("tab", key);
        return next;
      },
      { replace: false },
    );
    if (focus) refs.current.get(key)?.focus();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const index = tabs.indexOf(selected);
    const to =
      event.key === "ArrowRight"
        ? (index + 1) % tabs.length
        : event.key === "ArrowLeft"
          ? (index - 1 + tabs.length) % tabs.length
          : event.key === "Home"
            ? 0
            : event.key === "End"
              ? tabs.length - 1
              : undefined;
    if (to === undefined) return;
    event.preventDefault();
    select(tabs[to]!.key, true);
  };
  return (
    <div className="manage-tabs">
      <div role="tablist" aria-label={label} className="manage-tabs__list" onKeyDown={onKeyDown}>
        {tabs.map((t) => (
          <button
            key={t.key}
            ref={(el) => {
              if (el) refs.current.set(t.key, el);
              else refs.current.delete(t.key);
            }}
            type="button"
            role="tab"
            id={`${idPrefix}-tab-${t.key}`}
            aria-controls={`${idPrefix}-panel-${t.key}`}
            aria-selected={t === selected}
            tabIndex={t === selected ? 0 : -1}
            className="manage-tabs__tab"
            onClick={() => select(t.key)}
          >
            {t.label}
          </button>
        ))}
      </div>
      {note ? (
        <Alert tone="info" className="manage-tabs__note">
          {note}
        </Alert>
      ) : null}
      <div
        role="tabpanel"
        id={`${idPrefix}-panel-${selected.key}`}
        aria-labelledby={`${idPrefix}-tab-${selected.key}`}
        tabIndex={0}
        className="manage-tabs__panel"
      >
        {selected.render()}
      </div>
    </div>
  );
}
