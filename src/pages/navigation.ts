import { NavigationItem } from './page.model';
import { PageEntity } from './page.entity';
import { TreeNode } from './page-tree';

export function toNavigationItems(nodes: TreeNode<PageEntity>[], depth = 0): NavigationItem[] {
  return nodes.map(({ item, children }) => ({
    id: item.id,
    title: item.title,
    kioskTitle: item.kioskTitle,
    path: item.path,
    externalUrl: item.externalUrl,
    depth,
    children: toNavigationItems(children, depth + 1),
  }));
}
