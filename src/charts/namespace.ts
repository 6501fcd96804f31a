/** The Namespace factory: one per namespace that a cluster's applications or operations use. */
import { k8s } from 'cdk8s-plus-32';
import { Construct } from 'constructs';
import { noPruneAnnotations } from './labels';

/**
 * Adds the Namespace `name` to `scope` (a cluster chart: Namespaces are cluster
 * scoped, so the chart must not set a default namespace). It is never pruned: when
 * the last application leaves, the namespace and its volumes stay until a human
 * deletes them.
 */
export function addNamespace(scope: Construct, name: string): k8s.KubeNamespace {
  return new k8s.KubeNamespace(scope, `namespace-${name}`, {
    metadata: { name, annotations: { ...noPruneAnnotations() } },
  });
}
