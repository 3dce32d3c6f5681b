using System.Linq.Expressions;
using HandoffRules.Model;

namespace HandoffRules;

/// <summary>Describes one lead definition: criteria, disqualifiers, required context.</summary>
public sealed class DefinitionBuilder
{
    private readonly string _name;
    private readonly List<string> _meetsAny = [];
    private readonly List<LeadPredicate> _criteria = [];
    private readonly List<Disqualifier> _disqualifiers = [];
    private readonly List<LeadField> _context = [];
    private string? _description;
    private string? _extends;
    private string? _stage;
    private bool _handsOff;

    internal DefinitionBuilder(string name) => _name = name;

    /// <summary>The definition in words, as the team's policy states it.</summary>
    public DefinitionBuilder Describe(string description)
    {
        _description = description;
        return this;
    }

    /// <summary>Inherits the criteria and disqualifiers of a broader definition declared earlier.</summary>
    public DefinitionBuilder Extends(string definition)
    {
        _extends = PlaybookBuilder.Require(definition, $"Definition '{Checks.Names.Visible(_name)}' extends a definition whose name");
        return this;
    }

    /// <summary>At least one of these earlier definitions must hold too (e.g. MQL or PQL).</summary>
    public DefinitionBuilder MeetsAny(params string[] definitions)
    {
        _meetsAny.AddRange(definitions);
        return this;
    }

    /// <summary>A criterion on the lead; every criterion must hold.</summary>
    public DefinitionBuilder When(Expression<Func<Lead, bool>> condition)
    {
        _criteria.Add(LeadPredicate.From(condition));
        return this;
    }

    /// <summary>Takes a lead out of the handoff with a standard reason code when the condition holds.</summary>
    /// <param name="code">The reason code recorded on the decision ("COMPETITOR").</param>
    /// <param name="label">The reason in words.</param>
    /// <param name="when">When it applies.</param>
    public DefinitionBuilder Disqualify(string code, string label, Expression<Func<Lead, bool>> when)
    {
        _disqualifiers.Add(new Disqualifier(
            PlaybookBuilder.RequireText(code, $"A disqualifier of definition '{Checks.Names.Visible(_name)}' has a code that"),
            PlaybookBuilder.RequireText(label, $"Disqualifier '{Checks.Names.Visible(code)}''s label"),
            LeadPredicate.From(when)));
        return this;
    }

    /// <summary>Fields an SDR needs before outreach; a lead without them goes to the fallback for enrichment.</summary>
    public DefinitionBuilder RequireContext(params LeadField[] fields)
    {
        _context.AddRange(fields);
        return this;
    }

    /// <summary>Leads meeting this definition are handed to SDRs and routed.</summary>
    public DefinitionBuilder HandsOff()
    {
        _handsOff = true;
        return this;
    }

    /// <summary>The lifecycle stage a lead meeting this definition is in.</summary>
    public DefinitionBuilder Stage(string stage)
    {
        _stage = stage;
        return this;
    }

    internal Definition Build() =>
        new(_name, _description, _extends, [.. _meetsAny], [.. _criteria], [.. _disqualifiers], [.. _context], _handsOff, _stage);
}
