export interface FuncInfoEntry {
  funcscope_category: { id: number };
  confirm_info?: {
    need_confirm: number;
    already_confirm: number;
    can_confirm: number;
  };
}

// WeChat adds confirm_info to some entries only. Which ones is undocumented;
// the sandbox puts it on set 18 and on set 45 so that parsers meet the extra
// keys on the set this service cares about.
const SETS_WITH_CONFIRM_INFO = new Set([18, 45]);

/** func_info as WeChat lists it for the granted permission sets. */
export function buildFuncInfo(funcScopeIds: readonly number[]) {
  return funcScopeIds.map((id): FuncInfoEntry => {
    const entry: FuncInfoEntry = { funcscope_category: { id } };
    if (SETS_WITH_CONFIRM_INFO.has(id)) {
      entry.confirm_info = {
        need_confirm: 0,
        already_confirm: 0,
        can_confirm: 0,
      };
    }
    return entry;
  });
}
