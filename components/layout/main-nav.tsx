"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { NAV_ITEMS, isActivePath } from "./nav-items";

// Plain class strings, not cn(): this is the shell's only client component, and cn would
// ship tailwind-merge (~9 kB gzip) to every page for two fixed class lists.
const LINK_CLASS =
  "inline-flex h-8 items-center whitespace-nowrap rounded-md px-3 text-sm font-medium transition-colors outline-none hover:bg-accent hover:text-accent-foreground focus-visible:ring-2 focus-visible:ring-ring";
const ACTIVE_CLASS = `${LINK_CLASS} bg-accent text-accent-foreground`;
const INACTIVE_CLASS = `${LINK_CLASS} text-muted-foreground`;

export function MainNav({ className = "" }: { className?: string }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className={`min-w-0 ${className}`}>
      <ul className="flex items-center gap-1 overflow-x-auto">
        {NAV_ITEMS.map((item) => {
          const active = isActivePath(pathname, item.href);
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={active ? "page" : undefined}
                className={active ? ACTIVE_CLASS : INACTIVE_CLASS}
              >
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
