/** VERIFY.md: how anyone checks the package with standard tools, in English and Russian. */
export type VerifyMdInput = { caseNumber: string; identity: string; fingerprint: string; head: { seq: number; hash: string } };

export function renderVerifyMd(v: VerifyMdInput): string {
  const py =
    "python3 -c 'import json,hashlib,sys\n" +
    'for l in open("data/custody-log.jsonl",encoding="utf-8"):\n' +
    ' e=json.loads(l); h=e.pop("hash")\n' +
    ' c=json.dumps(e,sort_keys=True,separators=(",",":"),ensure_ascii=False)\n' +
    " print(e[\"seq\"], \"ok\" if hashlib.sha256(c.encode()).hexdigest()==h else \"MISMATCH\")'";
  return `# Verifying this filing package (case ${v.caseNumber})

This folder is a BagIt 1.0 bag (RFC 8493). Everything below uses standard tools; you do not need
Evidence Vault or to trust it. Run the commands in this folder (the one holding this file).

1. **Every file is intact.** \`sha256sum -c manifest-sha256.txt\` must print \`OK\` for every line
   (\`sha512sum -c manifest-sha512.txt\` likewise). On macOS: \`shasum -a 256 -c manifest-sha256.txt\`.
   The tag files (bagit.txt, bag-info.txt, the manifests, this file, the key files) are checked by
   \`sha256sum -c tagmanifest-sha256.txt\`. No file may be in \`data/\` that the manifest does not list.
   Any BagIt validator does all of this too, e.g. \`bagit.py --validate .\`.
2. **The package is signed by the vault.** With OpenSSH 8.2 or later:

   \`\`\`
   ssh-keygen -Y verify -f allowed_signers -I ${v.identity} -n evidence-vault -s tagmanifest-sha256.txt.sig < tagmanifest-sha256.txt
   \`\`\`

   It must print \`Good "evidence-vault" signature\`. The signature covers tagmanifest-sha256.txt, which
   holds the hashes of the manifests, which hold the hashes of every file: so it covers the package.
   Check the key itself: \`ssh-keygen -lf evidence-vault.pub\` must show **${v.fingerprint}**, and that
   fingerprint must match one the sender published through another channel beforehand. A key that
   only comes inside the package proves nothing about who made it.
3. **The custody events.** \`data/custody-log.jsonl\` holds the custody events of the exported items and
   of the case, one JSON object per line. Each event's \`hash\` is the SHA-256 of the canonical JSON
   (keys sorted, no whitespace, UTF-8) of the event without \`hash\`; \`prev\` is the hash of the event
   before it in the vault's log. The log's head at export was event ${v.head.seq}, hash
   \`${v.head.hash}\`. To recompute every hash:

   \`\`\`
   ${py.split('\n').join('\n   ')}
   \`\`\`
4. \`data/exhibits.csv\` lists each exhibit with the SHA-256 of the file in the package and of the
   original in the vault; \`data/custody-report.html\` / \`.pdf\` explain each exhibit.

# Проверка этого пакета (дело ${v.caseNumber})

Эта папка — пакет BagIt 1.0 (RFC 8493). Для проверки нужны только стандартные программы; доверять
Evidence Vault не требуется. Выполняйте команды в этой папке (там, где лежит этот файл).

1. **Все файлы целы.** \`sha256sum -c manifest-sha256.txt\` должна вывести \`OK\` (ЦЕЛ) для каждой строки
   (так же \`sha512sum -c manifest-sha512.txt\`). В macOS: \`shasum -a 256 -c manifest-sha256.txt\`.
   Служебные файлы проверяет \`sha256sum -c tagmanifest-sha256.txt\`. В \`data/\` не должно быть файлов,
   которых нет в манифесте. Любой валидатор BagIt делает то же самое, например \`bagit.py --validate .\`.
2. **Пакет подписан хранилищем.** С OpenSSH 8.2 или новее:

   \`\`\`
   ssh-keygen -Y verify -f allowed_signers -I ${v.identity} -n evidence-vault -s tagmanifest-sha256.txt.sig < tagmanifest-sha256.txt
   \`\`\`

   Должно быть выведено \`Good "evidence-vault" signature\`. Подпись покрывает tagmanifest-sha256.txt, в
   котором хеши манифестов, а в них — хеши всех файлов. Проверьте сам ключ: \`ssh-keygen -lf evidence-vault.pub\`
   должна показать **${v.fingerprint}**, и этот отпечаток должен совпасть с опубликованным отправителем
   заранее по другому каналу. Ключ, пришедший только внутри пакета, ничего не доказывает об авторе.
3. **События цепочки хранения.** \`data/custody-log.jsonl\` — события выгруженных материалов и дела, по
   одному объекту JSON на строку. \`hash\` каждого события — SHA-256 канонического JSON (ключи по
   порядку, без пробелов, UTF-8) события без поля \`hash\`; \`prev\` — хеш предыдущего события журнала.
   Голова журнала при выгрузке: событие ${v.head.seq}, хеш \`${v.head.hash}\`. Пересчитать все хеши можно
   командой Python из раздела 3 на английском выше.
4. \`data/exhibits.csv\` перечисляет доказательства с SHA-256 файла в пакете и оригинала в хранилище;
   \`data/custody-report.html\` / \`.pdf\` описывают каждое из них.
`;
}
