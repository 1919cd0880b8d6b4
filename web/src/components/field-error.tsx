import { useEffect, type RefObject } from 'react';

/**
 * The API's message for one field, shown under it. The field names it with `aria-describedby` and
 * is marked `aria-invalid` (see fieldProps), so a screen reader reads the message with the field.
 */
export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  return message ? (
    <p id={`${id}-error`} className="error field-error">
      {message}
    </p>
  ) : null;
}

/** The attributes that tie a field to its FieldError (and to an optional hint's id). */
export function fieldProps(id: string, message: string | undefined, hintId?: string) {
  const describedBy = [hintId, message ? `${id}-error` : undefined].filter(Boolean).join(' ');
  return { id, 'aria-invalid': message ? true : undefined, 'aria-describedby': describedBy || undefined };
}

/** After a save the API refused, focus moves to the first field it named, so keyboard users land on it. */
export function useFocusFirstInvalid(form: RefObject<HTMLFormElement | null>, error: Error | null) {
  useEffect(() => {
    if (error) form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [form, error]);
}
