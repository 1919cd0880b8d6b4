import { ApiCallError } from '../api/client';

/**
 * A form's submit button with what came of the last save: "Saved." announced politely, the API's
 * error message announced at once. With `fieldsMarked` the form shows the API's per-field messages
 * under the fields, so the announcement says how many there are instead of repeating them.
 */
export function SaveButton({ label, save, fieldsMarked = false }: { label: string; save: { isPending: boolean; isSuccess: boolean; error: Error | null }; fieldsMarked?: boolean }) {
  const error = save.error;
  const message =
    fieldsMarked && error instanceof ApiCallError && error.issues.length > 0
      ? `${error.summary}: ${error.issues.length === 1 ? 'one field needs a change; its message is under it' : `${error.issues.length} fields need a change; each message is under its field`}.`
      : error?.message;
  return (
    <>
      <p>
        <button type="submit" disabled={save.isPending}>
          {label}
        </button>
      </p>
      {save.isSuccess && <p role="status">Saved.</p>}
      {message && <p role="alert" className="error">{message}</p>}
    </>
  );
}
