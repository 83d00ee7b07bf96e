// Names shared by workflows, workers and clients: task queues and search attributes.
import { defineSearchAttributeKey } from '@temporalio/common';

export const TASK_QUEUES = {
  attendance: 'attendance',
  telegramOutbound: 'telegram-outbound',
} as const;
export type TaskQueue = (typeof TASK_QUEUES)[keyof typeof TASK_QUEUES];

export const SEARCH_ATTRIBUTES = {
  tenantId: defineSearchAttributeKey('TenantId', 'KEYWORD'),
  memberId: defineSearchAttributeKey('MemberId', 'KEYWORD'),
  requestKind: defineSearchAttributeKey('RequestKind', 'KEYWORD'),
} as const;

/** The dev server registers these at start (`--search-attribute Name=Keyword`). */
export const SEARCH_ATTRIBUTE_NAMES = ['TenantId', 'MemberId', 'RequestKind'] as const;
