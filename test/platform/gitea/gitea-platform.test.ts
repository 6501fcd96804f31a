import { describePlatformContract } from '../contract';

describePlatformContract('gitea');
