import type { FactoryProvider, InjectionToken } from '@nestjs/common';
import type { ValueToken } from './tokens.js';

/** A token a provider can inject: a ValueToken, or a class (its constructor may be private). */
export type Token<T> = ValueToken<T> | { prototype: T };

type Injected<Deps> = {
  [K in keyof Deps]: Deps[K] extends ValueToken<infer T>
    ? T
    : Deps[K] extends { prototype: infer T }
      ? T
      : never;
};

/**
 * A provider for one of a service's plain classes: `deps` names what it needs
 * (each by its token), `build` gets them by those names and constructs it.
 * The same as Nest's `{ provide, inject, useFactory }`, with each dependency named once.
 */
export function provider<T, Deps extends Record<string, Token<unknown>>>(
  provide: InjectionToken<T>,
  deps: Deps,
  build: (injected: Injected<Deps>) => T | Promise<T>,
): FactoryProvider<T> {
  const names = Object.keys(deps);
  return {
    provide,
    inject: names.map((name) => deps[name] as InjectionToken),
    useFactory: (...values: unknown[]) =>
      build(Object.fromEntries(names.map((name, i) => [name, values[i]])) as Injected<Deps>),
  };
}
