// Bundle paths of a request's folder: requests/<request>/<sample or population>/<capture files>.

/** Folder holding the requests' copies of their captures in a bundle (format 7). */
export const REQUESTS_DIR = 'requests';
/** The request status sheet at a bundle's root. */
export const REQUESTS_CSV_PATH = 'requests.csv';
/** The folder of captures put forward for a request as a whole (no sample, not the population). */
export const WHOLE_REQUEST = '_request';

/**
 * A request ID or sample ID as one path segment: anything but letters, digits, `.`, `_` and `-`
 * becomes `_`, a leading dot too (as control folders under controls/ are named).
 */
export function requestFolderName(id: string): string {
  return id.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_') || '_';
}

/** `requests/<request>/<sample>`, `requests/<request>/population` or `requests/<request>/_request`. */
export function requestSubfolder(
  requestId: string,
  link: { sampleId?: string; population: boolean },
): string {
  const leaf = link.population
    ? 'population'
    : link.sampleId
      ? requestFolderName(link.sampleId)
      : WHOLE_REQUEST;
  return `${REQUESTS_DIR}/${requestFolderName(requestId)}/${leaf}`;
}
