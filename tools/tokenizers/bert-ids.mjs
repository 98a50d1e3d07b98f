#!/usr/bin/env node
// Hugging Face's reference BERT tokenizer (the Rust tokenizers crate, through its Node binding), as the oracle of the
// text tokenizer's tests.
//
// Usage:
//   node bert-ids.mjs ids VOCAB.txt TEXTS.json [--lower-case true|false] [--strip-accents true|false] [--max-length N]
//   node bert-ids.mjs normalize TEXTS.json [--lower-case true|false] [--strip-accents true|false]
//
// TEXTS.json is a JSON array of strings. `ids` prints one line of JSON, an array holding each text's token ids
// ([CLS] ... [SEP]); `normalize` prints each text as BertNormalizer leaves it. --lower-case defaults to true,
// --strip-accents to --lower-case (as BERT's uncased tokenizer), --max-length to no truncation.
//
// The tokenizer is the one a bert-base-uncased tokenizer.json describes, built from VOCAB.txt (one token per line, its
// id the line number): BertNormalizer (clean text, Chinese characters, accents, lower case), BertPreTokenizer,
// WordPiece with '##' continuations, [UNK] and at most 100 characters per word, and the template [CLS] $A [SEP].
import { readFileSync } from 'node:fs';
import { Tokenizer, bertNormalizer } from 'tokenizers';

function fail(message) {
  console.error(message);
  process.exit(2);
}

function options(args) {
  const named = {};
  const positional = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i].startsWith('--')) {
      if (i + 1 >= args.length) fail(`${args[i]} needs a value`);
      named[args[i].slice(2)] = args[++i];
    } else {
      positional.push(args[i]);
    }
  }

  const flag = (name, fallback) => {
    if (named[name] === undefined) return fallback;
    if (named[name] !== 'true' && named[name] !== 'false') fail(`--${name} is true or false, not '${named[name]}'`);
    return named[name] === 'true';
  };
  const lowercase = flag('lower-case', true);
  const stripAccents = flag('strip-accents', lowercase);
  const maxLength = named['max-length'] === undefined ? null : Number.parseInt(named['max-length'], 10);
  return { positional, lowercase, stripAccents, maxLength };
}

function texts(path) {
  const value = JSON.parse(readFileSync(path, 'utf8'));
  if (!Array.isArray(value) || value.some((t) => typeof t !== 'string')) fail(`${path} is not a JSON array of strings`);
  return value;
}

function tokenizerJson(vocabPath, { lowercase, stripAccents, maxLength }) {
  const vocab = {};
  readFileSync(vocabPath, 'utf8').split('\n').forEach((line, id) => {
    const token = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (token.length > 0) vocab[token] = id;
  });
  for (const token of ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]']) {
    if (vocab[token] === undefined) fail(`${vocabPath} has no ${token}`);
  }

  const special = (token) => ({ id: vocab[token], content: token, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });
  return {
    version: '1.0',
    truncation: maxLength === null ? null : { direction: 'Right', max_length: maxLength, strategy: 'LongestFirst', stride: 0 },
    padding: null,
    added_tokens: ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'].map(special),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: stripAccents, lowercase },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } }, { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: {
        '[CLS]': { id: '[CLS]', ids: [vocab['[CLS]']], tokens: ['[CLS]'] },
        '[SEP]': { id: '[SEP]', ids: [vocab['[SEP]']], tokens: ['[SEP]'] },
      },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab },
  };
}

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  const o = options(rest);
  if (command === 'ids' && o.positional.length === 2) {
    const tokenizer = Tokenizer.fromString(JSON.stringify(tokenizerJson(o.positional[0], o)));
    const encodings = await tokenizer.encodeBatch(texts(o.positional[1]));
    process.stdout.write(JSON.stringify(encodings.map((e) => e.getIds())) + '\n');
  } else if (command === 'normalize' && o.positional.length === 1) {
    const normalizer = bertNormalizer({ cleanText: true, handleChineseChars: true, stripAccents: o.stripAccents, lowercase: o.lowercase });
    process.stdout.write(JSON.stringify(texts(o.positional[0]).map((t) => normalizer.normalizeString(t))) + '\n');
  } else {
    fail('usage: node bert-ids.mjs ids VOCAB.txt TEXTS.json [--lower-case B] [--strip-accents B] [--max-length N]\n'
      + '       node bert-ids.mjs normalize TEXTS.json [--lower-case B] [--strip-accents B]');
  }
}

main().catch((e) => fail(e.stack ?? String(e)));
