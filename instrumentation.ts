// Next.js runs register() once when the server starts: a bad setting stops it here with a
// message naming the variable, instead of failing on an operator's first request.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getConfig, ConfigError } = await import("./lib/config");
  try {
    getConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Sourcedesk cannot start. ${error.message}\nSee .env.example for every setting.`);
      process.exit(1);
    }
    throw error;
  }
}
