/** Pieces shared by the marriage route files: tag, error responses, params, ledger labels, PDF reply. */
import { errorResponses } from '@social-affairs/kernel/contracts';
import { z } from 'zod';

export const tags = ['婚姻登记'];
export const errors = errorResponses;
export const idParam = z.object({ id: z.string().min(1).max(64) });
export const readReason = z.object({
  reason: z.string().trim().max(200).optional().describe('查阅事由（记入审计日志）'),
});

export const STATUS_LABEL = {
  subsisting: '存续',
  divorced: '已离婚',
  ended_by_death: '因死亡终止',
  void: '无效',
  annulled: '已撤销',
} as const;
export const KIND_LABEL = {
  registration: '结婚登记',
  supplementary: '补办结婚登记',
  backfill: '历史补录',
} as const;
export const CROSS_BORDER_LABEL = {
  mainland: '内地居民',
  foreign: '涉外',
  hk_macao_taiwan: '涉港澳台',
} as const;

/** Printed documents open inline (the browser's viewer = print preview): the platform's PDF reply. */
export { sendPdf } from '../../pdf-reply';
