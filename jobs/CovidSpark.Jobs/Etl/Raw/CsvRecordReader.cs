using System.Text;

namespace CovidSpark.Jobs.Etl.Raw;

/// <summary>One CSV record with the 1-based physical line it starts on.</summary>
internal readonly record struct CsvRecord(int Line, string[] Fields, string RawText);

/// <summary>
/// A streaming RFC 4180 reader: quoted fields with embedded commas, quotes (<c>""</c>) and line breaks,
/// CRLF or LF endings, a UTF-8 BOM. Reports the line each record starts on so errors can name it.
/// </summary>
internal sealed class CsvRecordReader(TextReader reader)
{
    private int _line = 1;

    /// <summary>Opens a file as UTF-8, dropping a BOM.</summary>
    public static CsvRecordReader Open(string path) =>
        new(new StreamReader(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), detectEncodingFromByteOrderMarks: true));

    public IEnumerable<CsvRecord> Records()
    {
        try
        {
            var fields = new List<string>();
            var field = new StringBuilder();
            var raw = new StringBuilder();
            var inQuotes = false;
            var startLine = _line;
            var any = false;
            int c;
            while ((c = reader.Read()) != -1)
            {
                var ch = (char)c;
                if (ch == '\uFEFF' && !any && fields.Count == 0 && field.Length == 0) continue;
                any = true;
                if (inQuotes)
                {
                    if (ch == '"')
                    {
                        if (reader.Peek() == '"') { reader.Read(); field.Append('"'); raw.Append("\"\""); continue; }
                        inQuotes = false;
                        raw.Append(ch);
                        continue;
                    }
                    if (ch == '\n') _line++;
                    field.Append(ch);
                    raw.Append(ch);
                    continue;
                }
                switch (ch)
                {
                    case '"' when field.Length == 0:
                        inQuotes = true;
                        raw.Append(ch);
                        break;
                    case ',':
                        fields.Add(field.ToString());
                        field.Clear();
                        raw.Append(ch);
                        break;
                    case '\r' when reader.Peek() == '\n':
                        break;
                    case '\r' or '\n':
                        fields.Add(field.ToString());
                        yield return new CsvRecord(startLine, [.. fields], raw.ToString());
                        fields.Clear();
                        field.Clear();
                        raw.Clear();
                        _line++;
                        startLine = _line;
                        any = false;
                        break;
                    default:
                        field.Append(ch);
                        raw.Append(ch);
                        break;
                }
            }
            if (any || fields.Count > 0 || field.Length > 0)
            {
                fields.Add(field.ToString());
                if (!(fields.Count == 1 && fields[0].Length == 0))
                    yield return new CsvRecord(startLine, [.. fields], raw.ToString());
            }
        }
        finally
        {
            reader.Dispose();
        }
    }
}
