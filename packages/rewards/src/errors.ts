/** A reward computation that cannot be done as asked (bad input, nobody to pay). */
export class RewardError extends Error {
  constructor(
    readonly code: 'bad-amount' | 'bad-ratio' | 'bad-fee' | 'no-recipients' | 'empty-weights',
    message: string,
  ) {
    super(message);
    this.name = 'RewardError';
  }
}
