// A minimal Korean localization extension, written for the tests: VS Code reports `ko` as its
// display language (vscode.env.language) only when a Korean localization is installed, and none
// can be downloaded here. It translates none of VS Code's own strings; the extension's own Korean
// (package.nls.ko.json, l10n/bundle.l10n.ko.json, the inspector's words) is what the tests look at.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** `{ locale: 'ko', extension: { name, dir } }` for startCodeServer's `localization`. */
export function koreanLocalization() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-lens-ko-pack-'));
  fs.mkdirSync(path.join(dir, 'translations'));
  fs.writeFileSync(path.join(dir, 'translations', 'main.i18n.json'), JSON.stringify({ version: '1.0.0', contents: {} }));
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({
      name: 'vscode-language-pack-ko-test',
      displayName: 'Korean display language (tests)',
      publisher: 'rnn-lens-test',
      version: '1.0.0',
      engines: { vscode: '^1.60.0' },
      categories: ['Language Packs'],
      contributes: {
        localizations: [
          {
            languageId: 'ko',
            languageName: 'Korean',
            localizedLanguageName: '한국어',
            translations: [{ id: 'vscode', path: './translations/main.i18n.json' }],
          },
        ],
      },
    }),
  );
  return { locale: 'ko', extension: { name: 'rnn-lens-test.vscode-language-pack-ko-test-1.0.0', dir } };
}
