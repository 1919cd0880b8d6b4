/**
 * A form's submit button with what came of the last save: "Saved." announced politely, the API's
 * error message announced at once.
 */
export function SaveButton({ label, save }: { label: string; save: { isPending: boolean; isSuccess: boolean; error: Error | null } }) {
  return (
    <>
      <p>
        <button type="submit" disabled={save.isPending}>
          {label}
        </button>
      </p>
      {save.isSuccess && <p role="status">Saved.</p>}
      {save.error && <p role="alert" className="error">{save.error.message}</p>}
    </>
  );
}
