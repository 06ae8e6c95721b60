// Reads a JSON array of Spark SQL texts on stdin and parses each with dt-sql-parser's SparkSQL parser (generated from
// Apache Spark's ANTLR grammar). Prints a JSON array with one entry per text: [] when it parses, else its errors
// ({line, column, message}). Exits 0 even when texts fail to parse: the caller (an xunit test) decides.
import { register } from 'node:module';

register('./resolve.mjs', import.meta.url);
const { SparkSQL } = await import('dt-sql-parser');

const parser = new SparkSQL();
let input = '';
process.stdin.setEncoding('utf8');
for await (const chunk of process.stdin) input += chunk;
const results = JSON.parse(input).map(text => (parser.validate(text) ?? []).map(e => ({
  line: e.startLine, column: e.startColumn, message: e.message,
})));
process.stdout.write(JSON.stringify(results));
