// @vscode/test-cli configuration: `npx vscode-test` runs the extension-host suites in desktop
// VS Code where it can be downloaded (npm test runs the same suites inside code-server here).
import { defineConfig } from '@vscode/test-cli';

export default defineConfig({
  files: 'dist/test/vscode/*.test.js',
  workspaceFolder: 'test/fixtures/workspace',
  mocha: { ui: 'bdd', timeout: 90000 },
  launchArgs: ['--disable-workspace-trust'],
});
