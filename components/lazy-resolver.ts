import type { FieldErrors, FieldValues, Resolver } from "react-hook-form";

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
    let resolver: Resolver<TInput, unknown, TOutput>;
    try {
      resolver = await loading;
    } catch {
      // A failed chunk load (offline, or a deploy replaced the chunk) is retried on the next call.
      loading = undefined;
      const errors = { root: { type: "load", message: VALIDATION_LOAD_FAILED } } as FieldErrors<TInput>;
      return { values: {}, errors };
    }
    return resolver(values, context, options);
  };
}

/** Shown as the form's root error when the validation code cannot be loaded. */
export const VALIDATION_LOAD_FAILED =
  "The form could not load its checks, so nothing was sent. Check your network connection and try again. If this keeps happening, reload the page.";
