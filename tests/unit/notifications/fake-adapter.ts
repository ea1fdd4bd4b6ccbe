import type { ReactElement } from "react";
import type { ToastId } from "@/lib/notifications/dedup";
import type { ToastAdapter, ToastShowOptions } from "@/lib/notifications/toast-adapter";
import type { ToastTone } from "@/lib/notifications/treatments";

export interface ShownToast {
  id: ToastId;
  tone: ToastTone | "custom";
  title?: string;
  options: ToastShowOptions;
  element?: ReactElement;
  /** When it would close by itself (Infinity = never), on the fake clock. */
  closesAt: number;
}

/** Records what the manager asked Sonner for, with Sonner's "same id updates in place" rule. */
export class FakeAdapter implements ToastAdapter {
  readonly calls: ShownToast[] = [];
  readonly open = new Map<ToastId, ShownToast>();
  private next = 0;

  constructor(private readonly now: () => number = () => Date.now()) {}

  show(tone: ToastTone, title: string, options: ToastShowOptions): ToastId {
    return this.record({
      id: options.id ?? `fake-${++this.next}`,
      tone,
      title,
      options,
      closesAt: this.closesAt(options.duration),
    });
  }

  custom(render: (id: ToastId) => ReactElement, options: ToastShowOptions): ToastId {
    const id = options.id ?? `fake-${++this.next}`;
    return this.record({ id, tone: "custom", options, element: render(id), closesAt: this.closesAt(options.duration) });
  }

  dismiss(id?: ToastId): void {
    if (id === undefined) this.open.clear();
    else this.open.delete(id);
  }

  isOpen(id: ToastId): boolean {
    return this.open.has(id);
  }

  /** Closes every toast whose time is up, as Sonner's timers would, and calls its onClose. */
  expire(): void {
    for (const [id, toast] of this.open) {
      if (toast.closesAt <= this.now()) {
        this.open.delete(id);
        toast.options.onClose?.();
      }
    }
  }

  private closesAt(duration: number | undefined): number {
    return this.now() + (duration ?? 4000);
  }

  private record(toast: ShownToast): ToastId {
    this.calls.push(toast);
    this.open.set(toast.id, toast);
    return toast.id;
  }
}

/** A hub of in-memory channels: what one posts, the others receive (like BroadcastChannel). */
export class FakeChannelHub {
  private readonly receivers = new Set<
    (message: import("@/lib/notifications/shared-countdown").CountdownMessage) => void
  >();

  channel(): import("@/lib/notifications/shared-countdown").CountdownChannel {
    let mine: ((message: import("@/lib/notifications/shared-countdown").CountdownMessage) => void) | undefined;
    return {
      post: (message) => {
        for (const receive of this.receivers) if (receive !== mine) receive(message);
      },
      listen: (receive) => {
        mine = receive;
        this.receivers.add(receive);
        return () => this.receivers.delete(receive);
      },
      close: () => undefined,
    };
  }
}
