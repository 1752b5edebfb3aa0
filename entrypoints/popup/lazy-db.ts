/**
 * The popup's database reads and writes (popup-db.ts), loaded on first use: after the form is
 * usable, or when the user saves. A static import would put the database code before the form.
 */
export const popupDb = () => import('./popup-db');
