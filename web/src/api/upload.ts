import { ApiProblem, readCsrfToken } from './client.ts';

// Uploads with a progress bar: fetch reports no upload progress, XMLHttpRequest does.

export interface UploadProgress {
  loadedBytes: number;
  totalBytes: number;
}

/** Sends `body` to `path` (POST, same origin, CSRF token) and resolves the JSON answer as T. */
export function uploadWithProgress<T>(
  path: string,
  body: FormData | Blob,
  onProgress: (progress: UploadProgress) => void,
  headers: Record<string, string> = {},
): Promise<T> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', path);
    request.withCredentials = true;
    request.setRequestHeader('accept', 'application/json');
    const token = readCsrfToken();
    if (token !== null) request.setRequestHeader('x-csrf-token', token);
    for (const [name, value] of Object.entries(headers)) request.setRequestHeader(name, value);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress({ loadedBytes: event.loaded, totalBytes: event.total });
    };
    request.onerror = () => reject(new ApiProblem(0, 'NETWORK_ERROR', 'the upload did not reach the server'));
    request.onload = () => {
      let answer: { code?: unknown; detail?: unknown } | undefined;
      try {
        answer = JSON.parse(request.responseText) as typeof answer;
      } catch {
        answer = undefined;
      }
      if (request.status >= 200 && request.status < 300) {
        resolve(answer as T);
        return;
      }
      const code = typeof answer?.code === 'string' ? answer.code : `HTTP_${request.status}`;
      const detail = typeof answer?.detail === 'string' ? answer.detail : request.statusText;
      reject(new ApiProblem(request.status, code, detail, answer));
    };
    request.send(body);
  });
}
