using System.Text;

namespace CovidSpark.Jobs.Etl.Raw;

/// <summary>One CSV record with the 1-based physical line it starts on.</summary>
/// <remarks>The raw text is cut out of the file only when asked for (quarantine, error messages): most records never need it.</remarks>
internal readonly record struct CsvRecord(int Line, string[] Fields, string Source, int Start, int Length)
{
    /// <summary>The record as it appears in the file, without its line ending.</summary>
    public string RawText => Source.Substring(Start, Length);
}

/// <summary>
/// An RFC 4180 reader: quoted fields with embedded commas, quotes (<c>""</c>) and line breaks, CRLF or LF endings,
/// a UTF-8 BOM. Reports the line each record starts on so errors can name it. A daily report is a few hundred KB, so the
/// file is read whole and scanned in place (fields are cut out of the text, not built character by character).
/// </summary>
internal sealed class CsvRecordReader(TextReader reader)
{
    /// <summary>Opens a file as UTF-8, dropping a BOM.</summary>
    public static CsvRecordReader Open(string path) =>
        new(new StreamReader(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), detectEncodingFromByteOrderMarks: true));

    public IEnumerable<CsvRecord> Records()
    {
        string text;
        using (reader) text = reader.ReadToEnd();
        var pos = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        var line = 1;
        var fields = new List<string>(16);
        var quoted = new StringBuilder();
        while (pos < text.Length)
        {
            var start = pos;
            var startLine = line;
            fields.Clear();
            var endOfRecord = -1;
            while (true)
            {
                if (pos < text.Length && text[pos] == '"')
                {
                    pos++;
                    quoted.Clear();
                    while (pos < text.Length)
                    {
                        var c = text[pos];
                        if (c == '"')
                        {
                            if (pos + 1 < text.Length && text[pos + 1] == '"') { quoted.Append('"'); pos += 2; continue; }
                            pos++;
                            break;
                        }
                        if (c == '\n') line++;
                        quoted.Append(c);
                        pos++;
                    }
                    var tail = pos;
                    while (pos < text.Length && text[pos] is not (',' or '\n' or '\r')) pos++;
                    if (pos > tail) quoted.Append(text, tail, pos - tail);
                    fields.Add(quoted.ToString());
                }
                else
                {
                    var s = pos;
                    while (pos < text.Length && text[pos] is not (',' or '\n' or '\r')) pos++;
                    fields.Add(text[s..pos]);
                }
                if (pos >= text.Length) break;
                if (text[pos] == ',') { pos++; continue; }
                endOfRecord = pos;
                pos += text[pos] == '\r' && pos + 1 < text.Length && text[pos + 1] == '\n' ? 2 : 1;
                line++;
                break;
            }
            if (endOfRecord >= 0)
                yield return new CsvRecord(startLine, [.. fields], text, start, endOfRecord - start);
            else if (!(fields.Count == 1 && fields[0].Length == 0))
                yield return new CsvRecord(startLine, [.. fields], text, start, text.Length - start);
        }
    }
}
