/** Where a requester reads a request: the request page of the web app. */
export function requestUrl(baseUrl: string, key: string): string {
  return `${baseUrl}/requests/${key}`;
}

/** The request's key as a bold link to its page, in the desk's Markdown. */
export function requestLink(baseUrl: string, key: string): string {
  return `[**${key}**](${requestUrl(baseUrl, key)})`;
}
