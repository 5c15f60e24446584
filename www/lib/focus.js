// One account's slice of a canonical dataset (run before the load, www/lib/engine.js): its deals, and
// the leads, activities and contacts linked to them. Settings, fx, stages, quotas and forecasts
// are kept, so the figures use the same calendar, rates and pipeline as the whole dataset.

export function accountSlice(data, accountId) {
  const id = String(accountId);
  const deals = (data.deals ?? []).filter((d) => d && String(d.accountId ?? "") === id);
  const dealIds = new Set(deals.map((d) => String(d.id)));
  const contactIds = new Set(deals.map((d) => d.contactId).filter((c) => c != null).map(String));
  const linked = (r) => r && ((r.dealId != null && dealIds.has(String(r.dealId))) || (r.contactId != null && contactIds.has(String(r.contactId))));
  const leads = (data.leads ?? []).filter(linked);
  for (const lead of leads) if (lead.contactId != null) contactIds.add(String(lead.contactId));
  return {
    ...data,
    deals,
    leads,
    activities: (data.activities ?? []).filter(linked),
    contacts: (data.contacts ?? []).filter((c) => c && contactIds.has(String(c.id))),
  };
}
