// Error bodies as the real Bot API words them.
export interface ApiError {
  status: number;
  body: { ok: false; error_code: number; description: string; parameters?: ResponseParameters };
}

export interface ResponseParameters {
  retry_after?: number;
  migrate_to_chat_id?: number;
}

export function apiError(code: number, description: string, parameters?: ResponseParameters): ApiError {
  return { status: code, body: { ok: false, error_code: code, description, ...(parameters ? { parameters } : {}) } };
}

export const errors = {
  unauthorized: () => apiError(401, 'Unauthorized'),
  notFound: () => apiError(404, 'Not Found'),
  tooManyRequests: (retryAfter: number) =>
    apiError(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter }),
  blocked: () => apiError(403, 'Forbidden: bot was blocked by the user'),
  notInGroup: () => apiError(403, 'Forbidden: bot was kicked from the supergroup chat'),
  chatNotFound: () => apiError(400, 'Bad Request: chat not found'),
  upgradedToSupergroup: (to: number) => apiError(400, 'Bad Request: group chat was upgraded to a supergroup chat', { migrate_to_chat_id: to }),
  messageNotFound: () => apiError(400, 'Bad Request: message to edit not found'),
  notModified: () =>
    apiError(
      400,
      'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
    ),
  emptyText: () => apiError(400, 'Bad Request: message text is empty'),
  textTooLong: () => apiError(400, 'Bad Request: message is too long'),
  badRequest: (what: string) => apiError(400, `Bad Request: ${what}`),
  queryTooOld: () => apiError(400, 'Bad Request: query is too old and response timeout expired or query ID is invalid'),
  custom: (code: number, description?: string, retryAfter?: number) =>
    apiError(code, description ?? `Error ${code}`, retryAfter !== undefined ? { retry_after: retryAfter } : undefined),
};
