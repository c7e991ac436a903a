import { ConfigError, getConfig } from "./lib/config";

// A bad setting stops the server at start with a message that names the variable, instead of
// failing on an operator's first request.
try {
  getConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`Sourcedesk cannot start. ${error.message}\nSee .env.example for every setting.`);
    process.exit(1);
  }
  throw error;
}
