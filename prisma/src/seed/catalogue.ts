/**
 * The 工种 catalogue by category, as listed in seed 004 (南通 2024, 二、考核工种). The demo region uses it.
 */
export const OCCUPATION_CATALOGUE: { category: string; prefix: string; names: string[] }[] = [
  {
    category: '服务类',
    prefix: 'FW',
    names: ['行政事务', '讲解员', '烹饪', '收银审核', '酒店服务', '商品营销'],
  },
  {
    category: '机电类',
    prefix: 'JD',
    names: ['修理装配', '电工', '机械加工', '制冷', '水暖', '计算机信息处理'],
  },
  { category: '住建类', prefix: 'ZJ', names: ['市政维护', '水处理工', '机械操作', '建筑技术'] },
  {
    category: '交通类',
    prefix: 'JT',
    names: ['汽车驾驶与管理', '汽车修理', '航闸技术', '航标工', '潜水员', '船艇技术', '公路养护'],
  },
  { category: '水利类', prefix: 'SL', names: ['闸门运行', '泵站运行', '水文勘测', '堤灌维护', '防汛抢险'] },
  { category: '农业类', prefix: 'NY', names: ['花卉园艺', '农艺', '动物养殖', '水产养殖'] },
  {
    category: '文体类',
    prefix: 'WT',
    names: ['文物修复工', '图书档案管理', '教学科研实验', '舞台技术', '体育场地工'],
  },
  { category: '卫生健康类', prefix: 'WS', names: ['保育', '药剂', '护理保健', '医学检查', '卫生防疫'] },
  { category: '新广电类', prefix: 'GD', names: ['印刷技术', '广电技术'] },
  { category: '民政类', prefix: 'MZ', names: ['殡葬服务'] },
  { category: '测绘类', prefix: 'CH', names: ['测绘员'] },
  { category: '市场监管类', prefix: 'SC', names: ['质量检验', '计量检定', '锅炉操作'] },
  { category: '天文类', prefix: 'TW', names: ['光学冷加工'] },
  { category: '军工电子类', prefix: 'JG', names: ['电子机械加工', '电子设备制造', '动力运维', '器件工艺'] },
];

export function occupationRows(): { code: string; name: string; category: string }[] {
  return OCCUPATION_CATALOGUE.flatMap((c) =>
    c.names.map((name, i) => ({
      code: `${c.prefix}${String(i + 1).padStart(2, '0')}`,
      name,
      category: c.category,
    })),
  );
}
