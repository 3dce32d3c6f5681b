using System.Text;
using System.Text.Json;

namespace HandoffRules.Records;

/// <summary>
/// A decisions file: one <see cref="DecisionRecord"/> per line, sorted by lead id, UTF-8 without a
/// byte-order mark, LF line ends — byte-identical for the same playbook, leads and seed.
/// </summary>
public static class DecisionFile
{
    /// <summary>Writes the records sorted by lead id.</summary>
    public static void Write(string path, IEnumerable<DecisionRecord> records)
    {
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false)) { NewLine = "\n" };
        foreach (var record in records.OrderBy(r => r.LeadId, StringComparer.Ordinal))
        {
            writer.WriteLine(record.ToJson());
        }
    }

    /// <summary>Reads a decisions file; a bad line is reported with its number and what is wrong.</summary>
    /// <exception cref="InvalidDataException">A line is not a decision.</exception>
    public static List<DecisionRecord> Read(string path)
    {
        var records = new List<DecisionRecord>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                var record = DecisionRecord.FromJson(line);
                records.Add(string.IsNullOrEmpty(record.LeadId) || string.IsNullOrEmpty(record.Outcome)
                    ? throw new JsonException("lead_id and outcome are required")
                    : record);
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{Path.GetFileName(path)} line {number}: not a decision ({e.Message})", e);
            }
        }

        return records;
    }
}
