import { InvalidArgumentError } from 'commander';

/** A commander argument parser for whole numbers of at least `min`. */
export const integerAtLeast =
  (min: number) =>
  (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`expected a whole number ≥ ${min}, got ${value}`);
    return n;
  };
