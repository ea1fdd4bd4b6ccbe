/**
 * The manager's only contact with Sonner, behind an interface so the manager's rules
 * (de-duplication, durations, the countdown) are unit-tested without a DOM.
 */
import type { ReactElement } from "react";
import { toast } from "sonner";
import type { ToastId } from "./dedup";
import type { ToastTone } from "./treatments";

export interface ToastAction {
  label: string;
  onClick: () => void;
}

export interface ToastShowOptions {
  id?: ToastId;
  description?: string;
  /** Milliseconds; Infinity keeps the toast until it is dismissed. */
  duration?: number;
  action?: ToastAction;
  /** A second button beside the action (Sonner's "cancel" slot), e.g. View details next to Retry. */
  secondaryAction?: ToastAction;
  /** Called when the toast goes away, by the user or its timer. */
  onClose?: () => void;
}

export interface ToastAdapter {
  show(tone: ToastTone, title: string, options: ToastShowOptions): ToastId;
  custom(
    render: (id: ToastId) => ReactElement,
    options: Omit<ToastShowOptions, "description" | "action" | "secondaryAction">,
  ): ToastId;
  dismiss(id?: ToastId): void;
  /** Whether the toast is still showing (it may have been dismissed behind the manager's back). */
  isOpen(id: ToastId): boolean;
}

export const sonnerAdapter: ToastAdapter = {
  show(tone, title, { id, description, duration, action, secondaryAction, onClose }) {
    return toast[tone](title, {
      id,
      description,
      duration,
      action: action ? { label: action.label, onClick: () => action.onClick() } : undefined,
      cancel: secondaryAction ? { label: secondaryAction.label, onClick: () => secondaryAction.onClick() } : undefined,
      onDismiss: onClose,
      onAutoClose: onClose,
    });
  },
  custom(render, { id, duration, onClose }) {
    return toast.custom(render, { id, duration, onDismiss: onClose, onAutoClose: onClose });
  },
  dismiss(id) {
    toast.dismiss(id);
  },
  isOpen(id) {
    return toast.getToasts().some((shown) => shown.id === id);
  },
};
