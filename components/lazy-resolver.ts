import type { FieldValues, Resolver } from "react-hook-form";

/**
 * A react-hook-form resolver that loads its validation code the first time it runs. The zod
 * schema and resolver are the largest part of a form page's JavaScript, and nothing needs them
 * before the operator leaves a field or submits, so they stay out of the first load.
 */
export function lazyResolver<TInput extends FieldValues, TOutput>(
  load: () => Promise<Resolver<TInput, unknown, TOutput>>,
): Resolver<TInput, unknown, TOutput> {
  let loading: Promise<Resolver<TInput, unknown, TOutput>> | undefined;
  return async (values, context, options) => {
    loading ??= load();
    const resolver = await loading;
    return resolver(values, context, options);
  };
}
