/** Mirrors @rxpool/messages' REWARD_SCHEMES; kept here so this package has no dependencies. */
export const SCHEMES = ['pplns', 'pps', 'solo'] as const;
export type RewardScheme = (typeof SCHEMES)[number];
