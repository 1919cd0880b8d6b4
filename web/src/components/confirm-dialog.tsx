import { useEffect, useId, useRef, type ReactNode } from 'react';

/**
 * A modal confirmation in a native <dialog>: the browser traps focus inside it, Escape cancels, and
 * focus goes back to the button that opened it when it closes. The cancel button has focus first,
 * so Enter alone never confirms something that cannot be undone.
 */
export function ConfirmDialog({ open, title, children, confirmLabel, onConfirm, onCancel }: { open: boolean; title: string; children: ReactNode; confirmLabel: string; onConfirm: () => void; onCancel: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} aria-labelledby={titleId} onCancel={onCancel} className="confirm">
      <h2 id={titleId}>{title}</h2>
      {children}
      <div className="row">
        <button type="button" className="secondary" autoFocus onClick={onCancel}>
          Keep it
        </button>
        <button type="button" className="danger" onClick={onConfirm}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
